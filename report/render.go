package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"sync"

	"github.com/wfc-lang/wfc/internal/atomicfile"
)

// DefaultName is the report's file name in the run's folder.
const DefaultName = "report.html"

//go:embed assets
var assets embed.FS

// page holds what every report shares, read from the assets when the first
// report is written rather than when wfc starts: most commands write none.
type page struct {
	tmpl          *template.Template
	script, style string
	// The page's Content Security Policy allows its one script and its
	// one style sheet, by hash, and nothing else: no load from anywhere
	// (scripts, styles, fonts, images, connections). The script sets
	// styles through the DOM, which the policy does not govern.
	policy string
}

var loadPage = sync.OnceValue(func() *page {
	p := &page{
		tmpl:   template.Must(template.ParseFS(assets, "assets/report.html.tmpl")),
		script: mustRead("assets/report.js"),
		style:  mustRead("assets/report.css"),
	}
	p.policy = "default-src 'none'; script-src '" + hash(p.script) + "'; style-src '" + hash(p.style) + "'; base-uri 'none'; form-action 'none'"
	return p
})

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

func mustRead(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Render writes the report page of d to w.
func Render(w io.Writer, d *Data) error {
	// encoding/json escapes <, > and & (and U+2028, U+2029), so the
	// document cannot end its <script> element early, whatever a value
	// holds; html/template inserts template.JS as it is.
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	p := loadPage()
	return p.tmpl.Execute(w, struct {
		Title  string
		CSP    string
		Style  template.CSS
		Script template.JS
		Data   template.JS
	}{
		Title:  fmt.Sprintf("%s · run %s · wfc", d.Run.Workflow, d.Run.ID),
		CSP:    p.policy,
		Style:  template.CSS(p.style),
		Script: template.JS(p.script),
		Data:   template.JS(doc),
	})
}

// WriteFile renders d into path atomically: a temp file in the same
// folder, renamed over path once complete, so a reader never sees half a
// report and a failure leaves the old one.
func WriteFile(path string, d *Data) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder; name the report's file", path)
	}
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, errors.Unwrap(err)) // err is a *fs.PathError naming path
	}
	return nil
}
