package shell

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime"
	"github.com/wfc-lang/wfc/shellscript"
)

// On Flyte, copilot reads a raw container's outputs from its output
// directory (flytecopilot's Uploader, v1.16). wfc run reads them the same
// way, so a script that works here works there:
//
//   - a file named $WFC_OUTPUT_DIR/_ERROR fails the task with its content;
//   - each output is the file named after it or, if there is none, the one
//     file named after it with an extension (o0.txt);
//   - a file for a simple type or dict holds at most 1024 bytes;
//   - the text is trimmed of spaces, tabs and newlines at both ends, and
//     parsed as Go's strconv and time packages parse (copilot's
//     MakeLiteralForSimpleType): int in decimal, bool as 1, t, true, 0, f,
//     false (in any of Go's cases), datetime in RFC 3339, duration as
//     1m30s, dict as a JSON object, and str as the trimmed text.
const (
	maxSimpleSize = 1024     // copilot's maxPrimitiveSize
	maxErrorSize  = 1 << 20  // copilot's limit on the error file
	maxOutputSize = 64 << 20 // lists, maps and optionals, which copilot cannot read at all
)

// collectOutputs reads the outputs of a task whose script succeeded.
func collectOutputs(task *compiler.Task, outDir string, blobs *runtime.BlobStore) (map[string]any, error) {
	if err := reportedError(outDir, ""); err != nil {
		return nil, err
	}
	outs := make(map[string]any, len(task.Outputs))
	for _, p := range task.Outputs {
		if p.Type.IsBlob() {
			// Copilot uploads <outputPath>/<name> itself, file or directory.
			v, err := storeOutput(p, filepath.Join(outDir, p.Name), blobs)
			if err != nil {
				return nil, runtime.Permanent(fmt.Errorf("output %s: %v", p.Name, err))
			}
			outs[p.Name] = v
			continue
		}
		path, err := outputFile(outDir, p.Name)
		if err != nil {
			return nil, runtime.Permanent(fmt.Errorf("output %s: %v (a task with several outputs writes each to a file named after it in $%s)", p.Name, err, OutputDirEnv))
		}
		source := "$" + OutputDirEnv + "/" + filepath.Base(path)
		if len(task.Outputs) == 1 && !exists(filepath.Join(outDir, shellscript.StdoutFile)) {
			source = "stdout" // the script's wrapper moved the capture into place
		}
		limit := int64(maxOutputSize)
		if copilotReads(p.Type) {
			limit = maxSimpleSize
		}
		b, err := readLimited(path, limit)
		if errors.Is(err, errTooLarge) && limit == maxSimpleSize {
			err = fmt.Errorf("more than %d bytes, the most Flyte's copilot reads for a %s output; declare a larger result as file, which has no such limit", limit, p.Type)
		}
		if err != nil {
			return nil, runtime.Permanent(fmt.Errorf("output %s (from %s): %v", p.Name, source, err))
		}
		v, err := parseOutput(string(b), p.Type)
		if err != nil {
			return nil, runtime.Permanent(fmt.Errorf("output %s (from %s): %v", p.Name, source, err))
		}
		outs[p.Name] = v
	}
	return outs, nil
}

// reportedError returns the failure the script reported in its error
// file, if it wrote one, else nil. exit says how the script ended when it
// failed ("exit code 3"), "" when it succeeded.
func reportedError(outDir, exit string) error {
	b, err := readLimited(filepath.Join(outDir, shellscript.ErrorFile), maxErrorSize)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return runtime.Permanent(fmt.Errorf("$%s/%s: %v", OutputDirEnv, shellscript.ErrorFile, err))
	}
	msg := "User Error: " + strings.TrimRight(string(b), "\n")
	if exit != "" {
		msg += " (" + exit + ")"
	}
	// Like a non-zero exit, a failure the script reports may be retried.
	return errors.New(msg)
}

// outputFile finds an output's file as copilot does: the file named after
// it, else the only one named after it with an extension.
func outputFile(dir, name string) (string, error) {
	path := filepath.Join(dir, name)
	if exists(path) {
		return path, nil
	}
	if matches, _ := filepath.Glob(path + ".*"); len(matches) == 1 {
		return matches[0], nil
	}
	return "", fmt.Errorf("the script wrote no file $%s/%s", OutputDirEnv, name)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// copilotReads reports whether Flyte's copilot reads outputs of type t:
// simple types, including dict (STRUCT). It reads no lists, maps or
// unions; wfc compile warns about those, and wfc run reads them as JSON.
func copilotReads(t *compiler.Type) bool {
	switch t.Kind {
	case compiler.KindList, compiler.KindMap, compiler.KindOptional:
		return false
	}
	return true
}

// parseOutput reads an output file's text as copilot does.
func parseOutput(text string, t *compiler.Type) (any, error) {
	s := strings.Trim(text, " \n\t")
	fail := func(what string) error {
		return fmt.Errorf("cannot parse %s as %s", quoteShort(s), what)
	}
	switch t.Kind {
	case compiler.KindString:
		return s, nil
	case compiler.KindInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fail("int")
		}
		return n, nil
	case compiler.KindFloat:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fail("float")
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			// Flyte would carry it; wfc's values are JSON numbers.
			return nil, fail("float (wfc has no NaN or infinity)")
		}
		return f, nil
	case compiler.KindBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fail("bool (write true or false)")
		}
		return b, nil
	case compiler.KindDatetime:
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, fail("datetime (write it in RFC 3339 form, like 2024-05-01T12:00:00Z)")
		}
		return tm, nil
	case compiler.KindDuration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return nil, fail("duration (write it like 10s or 1m30s)")
		}
		return d, nil
	case compiler.KindNone:
		return nil, nil
	}
	return compiler.ParseValue(s, t)
}

func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strconv.Quote(s)
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	return b, nil
}

var errTooLarge = errors.New("file too large")
