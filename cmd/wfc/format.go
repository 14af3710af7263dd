package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/wfc-lang/wfc/format"
	"github.com/wfc-lang/wfc/internal/atomicfile"
	"github.com/wfc-lang/wfc/lang"
)

var fmtCommand = &command{
	name:    "fmt",
	usage:   "wfc fmt [-l] [-w] [-d] [FILE.wf|DIR...]",
	summary: "lay out workflow files in the canonical style",
	help: `
Fmt lays out workflow files in wfc's one canonical style, the style of the
examples (docs/language.md, "Formatting"), keeping every comment where it
is. Formatting never changes what a program means, and formatting a
formatted file changes nothing.

By default fmt writes the formatted source to standard output. Given a
directory, it formats every .wf file under it (folders whose names start
with "." are skipped); given no file, it formats standard input.

A file that does not parse is left as it is: fmt reports the syntax error,
with file:line:col and the source line, goes on with the other files and
exits 1 at the end. Usage errors exit 2.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		var o fmtOptions
		fs.BoolVar(&o.list, "l", false, "list the files whose formatting differs from fmt's")
		fs.BoolVar(&o.write, "w", false, "write the result to the file, not to standard output")
		fs.BoolVar(&o.diff, "d", false, "print a unified diff, not the formatted source")
		return func(e *env, args []string) int { return e.fmtFiles(o, args) }
	},
}

type fmtOptions struct {
	list, write, diff bool
}

// stdinName names standard input in messages and listings.
const stdinName = "<standard input>"

func (e *env) fmtFiles(o fmtOptions, args []string) int {
	if len(args) == 0 {
		if o.write {
			return e.usagef("-w needs a file: standard input cannot be written back")
		}
		src, err := io.ReadAll(io.LimitReader(e.stdin, lang.MaxSourceSize+1))
		if err != nil {
			return e.errorf("reading standard input: %v", err)
		}
		if len(src) > lang.MaxSourceSize {
			return e.errorf("standard input is larger than %d MiB, the most wfc reads", lang.MaxSourceSize>>20)
		}
		return e.fmtSource(o, stdinName, src, 0)
	}
	code := exitOK
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil || !info.IsDir() {
			code = max(code, e.fmtFile(o, arg))
			continue
		}
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				code = max(code, e.errorf("%v", err))
			case d.IsDir() && path != arg && strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			case !d.IsDir() && strings.HasSuffix(d.Name(), ".wf"):
				code = max(code, e.fmtFile(o, path))
			}
			return nil
		})
		if err != nil {
			code = max(code, e.errorf("%v", err))
		}
	}
	return code
}

func (e *env) fmtFile(o fmtOptions, path string) int {
	src, err := lang.ReadSource(path)
	if err != nil {
		return e.errorf("%v", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return e.errorf("%v", err)
	}
	return e.fmtSource(o, path, src, info.Mode().Perm())
}

// fmtSource formats src, read from name, and does with it what o says;
// mode is the file's, kept when it is written.
func (e *env) fmtSource(o fmtOptions, name string, src []byte, mode fs.FileMode) int {
	out, err := format.Source(name, src)
	if err != nil {
		var diags lang.DiagnosticsError
		if !errors.As(err, &diags) {
			return e.errorf("%s: %v", name, err)
		}
		lang.Diagnostics(diags).Render(e.stderr, map[string][]byte{name: src}, e.color)
		return exitFail
	}
	if !o.list && !o.write && !o.diff {
		if _, err := e.stdout.Write(out); err != nil {
			return e.errorf("%v", err)
		}
		return exitOK
	}
	if bytes.Equal(src, out) {
		return exitOK
	}
	if o.list {
		fmt.Fprintln(e.stdout, name)
	}
	if o.write {
		if err := writeFileAtomic(name, out, mode); err != nil {
			return e.errorf("%v", err)
		}
	}
	if o.diff {
		io.WriteString(e.stdout, udiff.Unified(name+".orig", name, string(src), string(out)))
	}
	return exitOK
}

// writeFileAtomic replaces the file at path with data, with permissions
// mode: it writes a temporary file in the same folder and renames it over
// the file, so a reader sees the old text or the new, never a mixture, and
// a failure leaves the old file whole. A symbolic link is followed, and
// its target replaced.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	return atomicfile.WriteFileSync(path, data, mode)
}
