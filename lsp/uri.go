package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
)

// pathOf returns the file path a file: URI names.
func pathOf(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("bad document URI %q: %v", uri, err)
	}
	if u.Scheme != "file" || u.Path == "" {
		return "", fmt.Errorf("document URI %q is not a file: URI", uri)
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), nil
}

// uriOf returns the file: URI of an absolute path.
func uriOf(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
