//go:build !linux

package runtime

import (
	"errors"
	"os"
)

var errNoClone = errors.New("the filesystem cannot clone files")

// cloneFile reports that files are copied, not cloned, on this system.
func cloneFile(*os.File, string) error { return errNoClone }
