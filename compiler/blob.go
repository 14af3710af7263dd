package compiler

// checkBlobParams applies the rules for file and dir in a task's
// interface: a shell task reads a blob input as the path of its local
// copy and writes a blob output to $WFC_OUTPUT_DIR/<name>, as Flyte's
// copilot does; copilot uploads a file or a directory but no list or map
// of them, and Flyte's webhook connector would render a blob input as its
// remote URI, which wfc run has no counterpart for.
func (c *checker) checkBlobParams(t *Task) {
	if t.Kind == TaskWebhook {
		for _, p := range t.Inputs {
			if p.Type.HasBlob() {
				c.diags.Errorf(p.Range, "a webhook task cannot take input %s of type %s", p.Name, p.Type).Hint =
					"Flyte's webhook connector renders a file as its remote URI; read the file in a shell task and pass its content as str"
			}
		}
	}
	if t.Kind == TaskShell {
		for _, p := range t.Inputs {
			if p.Type.HasBlob() && !p.Type.IsBlob() && !(p.Type.Kind == KindList && p.Type.Elem.IsBlob()) {
				c.diags.Errorf(p.Range, "a shell task cannot take input %s of type %s (not supported yet)", p.Name, p.Type).Hint =
					"a shell task takes a file, a dir or a list of them"
			}
		}
		for _, p := range t.Outputs {
			if p.Type.HasBlob() && !p.Type.IsBlob() {
				c.diags.Errorf(p.Range, "a shell task's output can be file or dir, not %s", p.Type).Hint =
					"Flyte's copilot uploads a file or a directory, not a list of them: write a dir, or map the task over its inputs"
			}
		}
	}
}
