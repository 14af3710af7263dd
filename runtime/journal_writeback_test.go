package runtime

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Lines appended from many goroutines across several writeback chunks all
// reach the file whole, once each, and the journal closes cleanly.
func TestJournalWritebackKeepsEveryLine(t *testing.T) {
	j, err := createJournal(t.TempDir(), RunHeader{Type: "run", ID: "r1", Workflow: "w"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const writers, perWriter = 8, 400
	pad := make([]byte, 300)
	for i := range pad {
		pad[i] = 'x'
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				if _, err := j.Append(fmt.Appendf(nil, "{\"w\":%d,\"i\":%d,\"pad\":%q}\n", w, i, pad)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if j.size < 3*writebackChunk {
		t.Fatalf("appended %d bytes, want several writeback chunks (%d)", j.size, writebackChunk)
	}
	if j.started == 0 {
		t.Fatal("no writeback was started")
	}
	if err := j.Close(RunEnd{Type: "end", Status: StatusSucceeded}); err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(filepath.Join(j.dir, journalName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		seen[sc.Text()] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// The header, every appended line once, the end.
	if want := 1 + writers*perWriter + 1; lines != want || len(seen) != want {
		t.Fatalf("%d lines (%d distinct), want %d", lines, len(seen), want)
	}
	for w := range writers {
		for i := range perWriter {
			if !seen[fmt.Sprintf("{\"w\":%d,\"i\":%d,\"pad\":%q}", w, i, pad)] {
				t.Fatalf("line w=%d i=%d missing", w, i)
			}
		}
	}
}
