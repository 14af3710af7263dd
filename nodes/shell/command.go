package shell

import (
	"fmt"
	"strings"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/shellscript"
)

// SecretEnvPrefix names the environment variable a {secrets.NAME}
// placeholder reads.
const SecretEnvPrefix = shellscript.SecretEnvPrefix

// Command returns the arguments of /bin/sh for one run of task: -c, the
// script exactly as the task's compiled container runs it
// (shellscript.PrepareTask), the task's name as $0, then each input the
// script uses as the text flytepropeller would substitute for its
// {{.inputs.x}} argument (compiler.CommandText). It also returns the
// secrets the script reads from the environment.
func Command(task *compiler.Task, inputs map[string]any) (args, secrets []string, err error) {
	sh := prepare(task)
	args = make([]string, 0, 3+len(sh.Inputs))
	args = append(args, "-c", sh.Text, task.Name)
	for _, ref := range sh.Inputs {
		path := strings.Split(ref, ".")
		v, ok := inputs[path[0]]
		if !ok {
			return nil, nil, fmt.Errorf("script refers to {inputs.%s}, but the task has no input %s", ref, path[0])
		}
		if len(path) > 1 {
			// On Flyte the argument is the placeholder's text (wfc compile
			// warns); here it is the value the path reads.
			if v, err = compiler.LookupPath(v, path[1:]); err != nil {
				return nil, nil, fmt.Errorf("{inputs.%s}: %v", ref, err)
			}
		}
		text := compiler.CommandText(v)
		if strings.IndexByte(text, 0) >= 0 {
			return nil, nil, fmt.Errorf("{inputs.%s}: a command-line argument cannot hold a NUL byte", ref)
		}
		args = append(args, text)
	}
	return args, sh.Secrets, nil
}

// prepare returns task's script as its compiled container runs it.
func prepare(task *compiler.Task) shellscript.Script {
	outputs := make([]string, len(task.Outputs))
	for i, p := range task.Outputs {
		outputs[i] = p.Name
	}
	return shellscript.PrepareTask(task.Shell.Script, outputs)
}
