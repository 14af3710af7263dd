package flyte

import "github.com/wfc-lang/wfc/compiler"

// checkEcho warns about echo tasks Flyte's echo plugin cannot run: it
// copies one input to one output and refuses more. The plugin is also off
// unless a cluster lists "echo" among its enabled task plugins.
func (e *emitter) checkEcho(t *compiler.Task) {
	if len(t.Inputs) > 1 {
		e.warnf(t.Range, "echo task %s has %d inputs: Flyte's echo plugin supports at most one and fails the task", t.Name, len(t.Inputs))
	}
}
