package flyte

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Benchmarks of emission from hand-built IR; the whole process (parse,
// check, emit, write) is measured by cmd/wfc's benchmark script.

func benchCompile(b *testing.B, width, depth int) {
	p := wideDeepProgram(width, depth)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, diags := Compile(p, Options{}); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

func BenchmarkCompile10k(b *testing.B)  { benchCompile(b, 10, 1000) }
func BenchmarkCompile100k(b *testing.B) { benchCompile(b, 10, 10000) }

func benchWorkflowJSON(b *testing.B, width, depth int) {
	bundle, _ := Compile(wideDeepProgram(width, depth), Options{})
	spec := bundle.Workflow("big")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := EncodeJSON(io.Discard, spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkflowJSON10k(b *testing.B)  { benchWorkflowJSON(b, 10, 1000) }
func BenchmarkWorkflowJSON100k(b *testing.B) { benchWorkflowJSON(b, 10, 10000) }

// The baselines: protojson and the protobuf runtime, on flyteidl's types.
func BenchmarkWorkflowProtojson100k(b *testing.B) {
	bundle, _ := Compile(wideDeepProgram(10, 10000), Options{})
	spec := toFlyteidl(b, bundle.Workflow("big"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		raw, err := protojson.Marshal(spec)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := json.Indent(&buf, raw, "", "  "); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkflowPBFlyteidl100k(b *testing.B) {
	bundle, _ := Compile(wideDeepProgram(10, 10000), Options{})
	spec := toFlyteidl(b, bundle.Workflow("big"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := (proto.MarshalOptions{Deterministic: true}).Marshal(spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClosureJSON100k(b *testing.B) {
	bundle, _ := Compile(wideDeepProgram(10, 10000), Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := bundle.Closure("big")
		if err != nil {
			b.Fatal(err)
		}
		if err := EncodeJSON(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkflowPB100k(b *testing.B) {
	bundle, _ := Compile(wideDeepProgram(10, 10000), Options{})
	spec := bundle.Workflow("big")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Marshal(spec, Proto); err != nil {
			b.Fatal(err)
		}
	}
}
