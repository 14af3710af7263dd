package connector

import (
	"sync"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"google.golang.org/protobuf/proto"

	"github.com/wfc-lang/wfc/compiler"
)

// maxCachedTasks bounds the tasks kept between calls. Every attempt of a
// task brings the same template, so the ones in use stay; a connector
// serving more distinct templates than this rebuilds some per call.
const maxCachedTasks = 512

// taskCache keeps the tasks rebuilt from templates, keyed by the
// template's deterministic encoding, so that calls of the same task share
// one *compiler.Task (and the executor's per-task work) instead of each
// leaving one behind. The oldest entry goes first; the executor forgets
// its spec then.
type taskCache struct {
	mu     sync.Mutex
	tasks  map[string]*compiler.Task
	order  []string
	forget func(*compiler.WebhookSpec)
}

func newTaskCache(forget func(*compiler.WebhookSpec)) *taskCache {
	return &taskCache{tasks: make(map[string]*compiler.Task), forget: forget}
}

// task returns the task tmpl describes, building it on a miss.
func (c *taskCache) task(tmpl *core.TaskTemplate, extensions bool) (*compiler.Task, error) {
	key, err := proto.MarshalOptions{Deterministic: true}.Marshal(tmpl)
	if err != nil {
		return nil, templateErrorf("task template: %v", err)
	}
	c.mu.Lock()
	t, ok := c.tasks[string(key)]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err = taskFromTemplate(tmpl, extensions)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.tasks[string(key)]; ok {
		return prev, nil // built by a concurrent call meanwhile
	}
	if len(c.order) >= maxCachedTasks {
		old := c.order[0]
		c.order = c.order[1:]
		c.forget(c.tasks[old].Webhook)
		delete(c.tasks, old)
	}
	c.tasks[string(key)] = t
	c.order = append(c.order, string(key))
	return t, nil
}

func (c *taskCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.tasks)
}
