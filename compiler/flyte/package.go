package flyte

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"time"

	"github.com/wfc-lang/wfc/internal/atomicfile"
)

// packageTime is the modification time of every file in a package: fixed,
// so that the same program always packs to the same bytes.
var packageTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WritePackage writes the bundle as `pyflyte package` does: a gzipped tar
// of the protobuf files, each at the top level under its serialize name,
// which `flytectl register files --archive` takes. The archive is
// deterministic (sorted entries, fixed times and owners, no gzip name or
// time) and written atomically through a temporary file beside path.
func (b *Bundle) WritePackage(path string) error {
	data, err := b.Package()
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o644)
}

// Package returns the bytes WritePackage writes.
func (b *Bundle) Package() ([]byte, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(gz)
	// FileNames sort in entity order: they start with zero-padded indices.
	for i, name := range b.FileNames(Proto) {
		data, err := Marshal(b.Entities[i].Spec, Proto)
		if err != nil {
			return nil, err
		}
		hdr := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     name,
			Mode:     0o644,
			Size:     int64(len(data)),
			ModTime:  packageTime,
			Format:   tar.FormatPAX,
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
