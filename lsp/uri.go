package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// untitled is the scheme editors give a buffer never saved
// (untitled:Untitled-1). Such a buffer has no path: it is named by its URI,
// which no absolute file path can be, and the files it imports are found
// from the server's working directory.
const untitled = "untitled"

// pathOf returns the file path a file: URI names, or the URI itself for an
// untitled buffer.
func pathOf(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("bad document URI %q: %v", uri, err)
	}
	switch {
	case u.Scheme == "file" && u.Path != "":
		return filepath.Clean(filepath.FromSlash(u.Path)), nil
	case u.Scheme == untitled:
		return uri, nil
	}
	return "", fmt.Errorf("document URI %q is neither a file: URI nor an untitled buffer", uri)
}

// uriOf returns the URI of a path as pathOf returns it.
func uriOf(path string) string {
	if strings.HasPrefix(path, untitled+":") {
		return path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
