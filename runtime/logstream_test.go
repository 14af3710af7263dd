package runtime_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/runtime"
)

// dirExecutor runs fn with the attempt's directory, as the shell executor
// does.
type dirExecutor func(ctx context.Context, c *runtime.Call) (map[string]any, error)

func (f dirExecutor) Execute(ctx context.Context, c *runtime.Call) (map[string]any, error) {
	return f(ctx, c)
}
func (dirExecutor) UsesDir() bool { return true }

// A secret is masked in the record's log wherever the text is cut: inside
// one write, across two writes read in different polls, and across the
// cut of a line longer than the longest piece kept whole.
func TestLogSecretsAcrossChunks(t *testing.T) {
	const secret = "s3cr3t-value-XYZ"
	ex := dirExecutor(func(ctx context.Context, c *runtime.Call) (map[string]any, error) {
		if _, err := c.Secrets.Secret("TOKEN"); err != nil {
			return nil, err
		}
		f, err := os.Create(filepath.Join(c.Dir, runtime.StderrFile))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		f.WriteString("whole " + secret + "\n")
		f.WriteString("split s3cr3t-")
		f.Sync()
		waitForPoll()
		f.WriteString("value-XYZ end\n")
		for shift := range len(secret) + 1 {
			// A line over 64 KiB whose secret starts shift bytes before
			// the cut.
			f.WriteString(strings.Repeat("a", 64<<10-shift) + secret + strings.Repeat("b", 200<<10) + "\n")
		}
		return map[string]any{}, nil
	})
	task := newTask("t", testKind, nil, nil)
	task.Secrets = []string{"TOKEN"}
	b := newWorkflow("wf")
	b.call(task, nil)
	o := opts(t, nil)
	o.Registry = runtime.NewRegistry()
	o.Registry.Register(string(testKind), ex)
	o.Secrets = runtime.EnvSecrets{Getenv: func(k string) (string, bool) { return secret, k == "WFC_SECRET_TOKEN" }}
	res, err := runtime.Run(context.Background(), b.wf, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(runtime.LogPath(res.Dir, "n0"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(log)
	for _, part := range []string{secret, "s3cr3t", "value-XYZ"} {
		if strings.Contains(text, part) {
			t.Errorf("the log holds %q", part)
		}
	}
	if !strings.Contains(text, "whole ***\n") || !strings.Contains(text, "split *** end\n") || strings.Count(text, "***") != len(secret)+3 {
		t.Errorf("the log has %d masks; its start: %.200q", strings.Count(text, "***"), text)
	}
}

// waitForPoll gives the log stream time to read a partial line, so the
// next write lands in another read; the test holds either way.
func waitForPoll() { <-timeAfter() }

func timeAfter() <-chan time.Time { return time.After(120 * time.Millisecond) }
