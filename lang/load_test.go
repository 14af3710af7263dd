package lang_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wfc-lang/wfc/lang"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func fileNames(p *lang.Program, dir string) []string {
	var names []string
	for _, f := range p.Files {
		rel, _ := filepath.Rel(dir, f.Name)
		names = append(names, filepath.ToSlash(rel))
	}
	return names
}

// A program is the closure of its imports, each file once (cycles
// included), a file after those it imports; paths are relative to the
// importing file.
func TestLoadImports(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.wf":       "import \"lib/a.wf\"\nimport \"lib/b.wf\"\necho m(s: str)\n",
		"lib/a.wf":      "import \"b.wf\"\necho a(s: str)\n",
		"lib/b.wf":      "import \"a.wf\"\nimport \"../main.wf\"\necho b(s: str)\n",
		"other/main.wf": "echo unused(s: str)\n",
	})
	p := lang.Load([]string{filepath.Join(dir, "main.wf"), filepath.Join(dir, "lib", "a.wf")})
	if len(p.Diags) > 0 || len(p.Unread) > 0 {
		t.Fatalf("diags %v, unread %v", p.Diags, p.Unread)
	}
	if got, want := fileNames(p, dir), []string{"lib/b.wf", "lib/a.wf", "main.wf"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if len(p.Sources) != 3 {
		t.Errorf("%d sources, want 3", len(p.Sources))
	}
}

// A file reached by two paths — here through a symbolic link — is read
// once.
func TestLoadReadsAFileOnceByItsRealPath(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"lib.wf":  "echo a(s: str)\n",
		"main.wf": "import \"link.wf\"\nimport \"./lib.wf\"\necho m(s: str)\n",
	})
	if err := os.Symlink(filepath.Join(dir, "lib.wf"), filepath.Join(dir, "link.wf")); err != nil {
		t.Skip(err)
	}
	p := lang.Load([]string{filepath.Join(dir, "main.wf"), filepath.Join(dir, "lib.wf")})
	if len(p.Diags) > 0 || len(p.Files) != 2 {
		t.Fatalf("diags %v, %d files, want 2", p.Diags, len(p.Files))
	}
}

// Bad imports are diagnostics at the import, naming the file they are in;
// other files still load.
func TestLoadBadImports(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.wf":   "import \"missing.wf\"\nimport \"notes.txt\"\nimport \"dir.wf\"\nimport \"lib.wf\"\necho m(s: str)\n",
		"lib.wf":    "echo a(s: str)\nimport \"late.wf\"\n",
		"notes.txt": "x",
		"dir.wf/x":  "",
	})
	main := filepath.Join(dir, "main.wf")
	p := lang.Load([]string{main})
	var got []string
	for _, d := range p.Diags {
		got = append(got, strings.TrimPrefix(d.Error(), dir+string(filepath.Separator)))
	}
	want := []string{
		`lib.wf:2:1: error: expected a declaration (` + "`task`, `webhook`, `echo`, `workflow` or `launchplan`" + `), found name ` + "`import`",
		`main.wf:1:1: error: cannot import "missing.wf": no such file`,
		`main.wf:2:1: error: cannot import "notes.txt": not a .wf file`,
		`main.wf:3:1: error: cannot import "dir.wf": is a directory, not a .wf file`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.Diags[0].Hint != "imports come first in a file, before any declaration" {
		t.Errorf("late import hint %q", p.Diags[0].Hint)
	}
	if len(p.Files) != 2 {
		t.Errorf("%d files loaded, want main.wf and lib.wf", len(p.Files))
	}
	// A file named on the command line that cannot be read is an error of
	// its own, not a diagnostic.
	p = lang.Load([]string{filepath.Join(dir, "nope.wf")})
	if len(p.Unread) != 1 || !strings.Contains(p.Unread[0].Error(), "no such file") {
		t.Errorf("unread %v", p.Unread)
	}
}

func TestImportPathIsPlain(t *testing.T) {
	_, diags := lang.Parse("x.wf", []byte("import \"a\\\\b.wf\"\necho m(s: str)\n"))
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "an import path is a plain string") {
		t.Errorf("diags %v", diags)
	}
}
