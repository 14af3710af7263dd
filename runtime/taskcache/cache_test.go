package taskcache

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

func testEntry(out string) *Entry {
	return &Entry{Task: "t", Version: "1", Run: "r1", Node: "n0", Time: time.Unix(1e9, 0).UTC(),
		Outputs: map[string]json.RawMessage{"o": json.RawMessage(fmt.Sprintf("%q", out))}}
}

func open(t *testing.T) *Cache {
	t.Helper()
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPutGet(t *testing.T) {
	c := open(t)
	k := Key{1, 2, 3}
	if _, ok := c.Get(k); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Put(k, testEntry("v")); err != nil {
		t.Fatal(err)
	}
	e, ok := c.Get(k)
	if !ok || string(e.Outputs["o"]) != `"v"` || e.Run != "r1" || e.Node != "n0" {
		t.Fatalf("Get = %+v, %v", e, ok)
	}
	if _, ok := c.Get(Key{9}); ok {
		t.Fatal("hit for another key")
	}
	// A second Put replaces the entry.
	if err := c.Put(k, testEntry("w")); err != nil {
		t.Fatal(err)
	}
	if e, _ := c.Get(k); string(e.Outputs["o"]) != `"w"` {
		t.Fatalf("after a second Put: %s", e.Outputs["o"])
	}
}

// Every damaged entry is a miss: truncated anywhere, a byte changed, a
// header from another format, an empty file, an oversized file.
func TestDamagedEntryIsMiss(t *testing.T) {
	c := open(t)
	k := Key{7}
	if err := c.Put(k, testEntry("value")); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(c.path(k))
	if err != nil {
		t.Fatal(err)
	}
	damaged := map[string][]byte{"empty": nil}
	for n := 1; n < len(good); n += 7 {
		damaged[fmt.Sprintf("truncated to %d", n)] = good[:n]
	}
	for i := 0; i < len(good); i += 5 {
		b := append([]byte(nil), good...)
		b[i] ^= 0x20
		damaged[fmt.Sprintf("byte %d changed", i)] = b
	}
	damaged["other magic"] = []byte(strings.Replace(string(good), magic, "wfc-cache-0", 1))
	damaged["appended"] = append(append([]byte(nil), good...), '\n')
	for name, data := range damaged {
		if err := os.WriteFile(c.path(k), data, 0o666); err != nil {
			t.Fatal(err)
		}
		if e, ok := c.Get(k); ok {
			t.Errorf("%s: hit %+v", name, e)
		}
	}
	big, err := os.Create(c.path(k))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(c.maxEntry + 1)
	big.Close()
	if _, ok := c.Get(k); ok {
		t.Error("oversized entry: hit")
	}
	infos, err := c.List()
	if err != nil || len(infos) != 1 || infos[0].Err == nil {
		t.Errorf("List of a damaged entry = %+v, %v; want one entry with an error", infos, err)
	}
}

func TestPutTooLarge(t *testing.T) {
	c := open(t)
	c.maxEntry = 1 << 10
	e := testEntry(strings.Repeat("x", 1<<10))
	if err := c.Put(Key{1}, e); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("Put of an oversized entry: %v", err)
	}
	if _, ok := c.Get(Key{1}); ok {
		t.Fatal("oversized entry stored")
	}
}

// Concurrent writers and readers of one key see a whole entry or none,
// never a torn one.
func TestConcurrentPutGet(t *testing.T) {
	c := open(t)
	k := Key{5}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if err := c.Put(k, testEntry(fmt.Sprintf("w%d-%d", w, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				if e, ok := c.Get(k); ok && !strings.HasPrefix(string(e.Outputs["o"]), `"w`) {
					t.Errorf("torn entry %s", e.Outputs["o"])
					return
				}
			}
		}()
	}
	wg.Wait()
	left, _ := filepath.Glob(filepath.Join(c.dir, "*", ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestTrimAndClear(t *testing.T) {
	c := open(t)
	now := time.Now()
	c.now = func() time.Time { return now }
	for i := range 3 {
		if err := c.Put(Key{byte(i)}, testEntry("v")); err != nil {
			t.Fatal(err)
		}
	}
	old := now.Add(-48 * time.Hour)
	if err := os.Chtimes(c.path(Key{0}), old, old); err != nil {
		t.Fatal(err)
	}
	// Using an entry refreshes its time: entry 1 was old, is used, stays.
	if err := os.Chtimes(c.path(Key{1}), old, old); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(Key{1}); !ok {
		t.Fatal("miss")
	}
	n, err := c.Trim(24 * time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("Trim = %d, %v; want 1", n, err)
	}
	if _, ok := c.Get(Key{0}); ok {
		t.Error("trimmed entry still there")
	}
	if _, ok := c.Get(Key{1}); !ok {
		t.Error("used entry trimmed")
	}
	// MaybeTrim does nothing within a day of the last trim.
	if err := os.Chtimes(c.path(Key{2}), old.Add(-30*24*time.Hour), old); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(c.path(Key{2}), old.Add(-30*24*time.Hour), old.Add(-30*24*time.Hour))
	c.MaybeTrim()
	if _, err := os.Stat(c.path(Key{2})); err != nil {
		t.Error("MaybeTrim trimmed within a day of Trim")
	}
	now = now.Add(25 * time.Hour)
	c.MaybeTrim()
	if _, err := os.Stat(c.path(Key{2})); err == nil {
		t.Error("MaybeTrim did not trim a day later")
	}
	n, err = c.Clear()
	if err != nil || n != 1 {
		t.Fatalf("Clear = %d, %v; want 1", n, err)
	}
	if infos, _ := c.List(); len(infos) != 0 {
		t.Errorf("after Clear: %+v", infos)
	}
}

func task(t testing.TB, src string) *compiler.Task {
	return &compiler.Task{Name: "t", Kind: compiler.TaskShell, Cache: true,
		Inputs:  []*compiler.Param{{Name: "a", Type: compiler.Int}, {Name: "b", Type: compiler.Str}},
		Outputs: []*compiler.Param{{Name: "o", Type: compiler.Str}},
		Shell:   &compiler.ShellSpec{Script: src}}
}

// The key changes with what Flyte's key changes with, and only with that.
func TestKeyOf(t *testing.T) {
	in := map[string]any{"a": int64(1), "b": "x"}
	base := task(t, "echo {inputs.a}")
	key := func(tk *compiler.Task, in map[string]any) Key {
		k, err := KeyOf(tk, in)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := key(base, in)
	if key(task(t, "echo {inputs.a}"), map[string]any{"b": "x", "a": int64(1)}) != k0 {
		t.Error("same task and inputs: different keys")
	}
	retried := task(t, "echo {inputs.a}")
	retried.Retries, retried.Timeout, retried.Doc = 3, time.Minute, "documented"
	if key(retried, in) != k0 {
		t.Error("retries, timeout or doc changed the key")
	}
	differ := map[string]*compiler.Task{}
	differ["script"] = task(t, "echo {inputs.b}")
	differ["version"] = task(t, "echo {inputs.a}")
	differ["version"].CacheVersion = "2"
	differ["name"] = task(t, "echo {inputs.a}")
	differ["name"].Name = "u"
	differ["input description"] = task(t, "echo {inputs.a}")
	differ["input description"].Inputs[0].Doc = "the count"
	differ["output type"] = task(t, "echo {inputs.a}")
	differ["output type"].Outputs[0].Type = compiler.Int
	for what, tk := range differ {
		if key(tk, in) == k0 {
			t.Errorf("changed %s: same key", what)
		}
	}
	if key(base, map[string]any{"a": int64(2), "b": "x"}) == k0 {
		t.Error("changed input: same key")
	}
	ignoring := task(t, "echo {inputs.a}")
	ignoring.CacheIgnoreInputs = []string{"b"}
	ki := key(ignoring, in)
	if key(ignoring, map[string]any{"a": int64(1), "b": "other"}) != ki {
		t.Error("ignored input changed the key")
	}
	if key(ignoring, map[string]any{"a": int64(2), "b": "x"}) == ki {
		t.Error("kept input did not change the key")
	}
}

func TestLockExcludes(t *testing.T) {
	c := open(t)
	unlock, err := c.Lock(t.Context(), Key{3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Lock(ctx, Key{3}); err == nil {
		t.Fatal("second Lock of a held key succeeded")
	}
	unlock()
	unlock2, err := c.Lock(t.Context(), Key{3})
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlock2()
}

// A file input is keyed on its content address, not on the folder of the
// run that stored it.
func TestKeyOfFileInput(t *testing.T) {
	tk := &compiler.Task{Name: "t", Kind: compiler.TaskShell, Cache: true,
		Inputs:  []*compiler.Param{{Name: "f", Type: compiler.File}, {Name: "fs", Type: compiler.ListOf(compiler.File)}},
		Outputs: []*compiler.Param{{Name: "o", Type: compiler.Str}}}
	key := func(f, g string) Key {
		k, err := KeyOf(tk, map[string]any{"f": f, "fs": []any{g}})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	if key("/r1/data/aaaa", "/r1/data/bbbb") != key("/r2/data/aaaa", "/r2/data/bbbb") {
		t.Error("the same content in two runs' stores: different keys")
	}
	if key("/r1/data/aaaa", "/r1/data/bbbb") == key("/r1/data/aaaa", "/r1/data/cccc") {
		t.Error("other content in a list: same key")
	}
}
