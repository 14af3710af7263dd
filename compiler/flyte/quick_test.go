package flyte

import (
	"os"
	"testing"
)

func TestQuickDump(t *testing.T) {
	b, diags := Compile(designProgram(), Options{})
	for _, d := range diags {
		t.Log(d)
	}
	for _, e := range b.Entities {
		j, err := MarshalJSON(e.Spec)
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.Write(j)
	}
	c, err := b.Closure("wf")
	if err != nil {
		t.Fatal(err)
	}
	j, _ := MarshalJSON(c)
	os.Stdout.Write(j)
}
