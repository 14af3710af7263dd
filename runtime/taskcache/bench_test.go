package taskcache

import (
	"fmt"
	"os"
	"testing"
)

// BenchmarkLookup is one cached node's work before it is reused: the key
// from the task and inputs, and Get. BenchmarkReadFile reads an entry of
// the same size with os.ReadFile, the floor a file-per-entry cache has;
// compare the two from one run (docs/performance.md, "Task cache").
func BenchmarkLookup(b *testing.B) {
	c, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	tk := task(nil, "echo $(( {inputs.a} + 1 ))")
	const entries = 1000
	keys := make([]Key, entries)
	inputs := make([]map[string]any, entries)
	for i := range entries {
		inputs[i] = map[string]any{"a": int64(i), "b": fmt.Sprint("chain-", i)}
		if keys[i], err = KeyOf(tk, inputs[i]); err != nil {
			b.Fatal(err)
		}
		if err := c.Put(keys[i], testEntry(fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k, _ := KeyOf(tk, inputs[i%entries])
		if _, ok := c.Get(k); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkReadFile(b *testing.B) {
	c, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	const entries = 1000
	for i := range entries {
		if err := c.Put(Key{byte(i), byte(i >> 8)}, testEntry(fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % entries
		if _, err := os.ReadFile(c.path(Key{byte(j), byte(j >> 8)})); err != nil {
			b.Fatal(err)
		}
	}
}
