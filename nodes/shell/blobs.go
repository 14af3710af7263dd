package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
)

// localInputs gives the script its own copy of each file and dir input,
// laid out in dir as Flyte's copilot lays out its input directory: a file
// or directory input x at dir/x, a list's elements at dir/x/0, dir/x/1, …
// It returns inputs with each such input replaced by that path, which is
// what {inputs.x} gives the script. The stored values stay as they are:
// whatever the script does to its copy changes nothing upstream.
func localInputs(task *compiler.Task, inputs map[string]any, dir string) (map[string]any, error) {
	var out map[string]any
	for _, p := range task.Inputs {
		v, ok := inputs[p.Name]
		if !ok || v == nil || !p.Type.HasBlob() {
			continue
		}
		if out == nil {
			if err := os.Mkdir(dir, 0o755); err != nil {
				return nil, err
			}
			out = make(map[string]any, len(inputs))
			for k, x := range inputs {
				out[k] = x
			}
		}
		dst := filepath.Join(dir, p.Name)
		if err := materialise(v, p.Type, dst); err != nil {
			return nil, runtime.Permanent(fmt.Errorf("input %s: %v", p.Name, err))
		}
		out[p.Name] = dst
	}
	if out == nil {
		return inputs, nil
	}
	return out, nil
}

func materialise(v any, t *compiler.Type, dst string) error {
	switch {
	case t.IsBlob():
		src, ok := v.(string)
		if !ok {
			return fmt.Errorf("a %s value is a path, not %T", t, v)
		}
		return runtime.CopyBlob(src, dst)
	case t.Kind == compiler.KindList:
		if err := os.Mkdir(dst, 0o755); err != nil {
			return err
		}
		xs, _ := v.([]any)
		for i, x := range xs {
			if err := materialise(x, t.Elem, filepath.Join(dst, strconv.Itoa(i))); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("a shell task cannot take a %s", t)
}

// storeOutput stores the file or directory the script wrote at path as
// output p.
func storeOutput(p *compiler.Param, path string, blobs *runtime.BlobStore) (string, error) {
	if blobs == nil {
		return "", fmt.Errorf("no store for %s outputs (the call has no Blobs)", p.Type)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return "", fmt.Errorf("the script wrote no %s $%s/%s", kindNoun(p.Type), OutputDirEnv, p.Name)
	}
	if want := p.Type.Kind == compiler.KindDir; fi.IsDir() != want {
		return "", fmt.Errorf("$%s/%s is %s, but the output is a %s", OutputDirEnv, p.Name, describe(fi), p.Type)
	}
	return blobs.Put(path, p.Type)
}

func kindNoun(t *compiler.Type) string {
	if t.Kind == compiler.KindDir {
		return "directory"
	}
	return "file"
}

func describe(fi os.FileInfo) string {
	if fi.IsDir() {
		return "a directory"
	}
	if fi.Mode().IsRegular() {
		return "a file"
	}
	return "neither a file nor a directory"
}
