package runtime

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Work directories. Each attempt of a task that wants one (a shell task)
// gets a fresh directory under its run's work root; the attempt removes
// its directory and the run its root. A wfc that is killed removes
// neither, so a process keeps the roots of its runs in a directory of its
// own, wfc-work-PID-XXXX in the system's temporary directory, holding a
// file named lock that the process keeps locked (flock) as long as it
// lives. The kernel drops the lock when the process dies, however it
// dies, so RemoveStaleWorkDirs, which wfc run calls at start, can tell the
// directory of a dead process and remove it.
const (
	workDirPrefix = "wfc-work-"
	workLockName  = "lock"
)

var ownWorkDir struct {
	once sync.Once
	dir  string
	err  error
}

// processWorkDir returns this process's directory of work roots, making
// it on first use. It is made under another name and renamed once locked,
// so RemoveStaleWorkDirs never finds it unlocked.
func processWorkDir() (string, error) {
	w := &ownWorkDir
	w.once.Do(func() {
		tmp, err := os.MkdirTemp("", workDirPrefix+"new-")
		if err != nil {
			w.err = err
			return
		}
		if err = holdLock(filepath.Join(tmp, workLockName)); err != nil {
			os.RemoveAll(tmp)
			w.err = err
			return
		}
		dir := filepath.Join(filepath.Dir(tmp), workDirPrefix+strconv.Itoa(os.Getpid())+"-"+filepath.Base(tmp)[len(workDirPrefix+"new-"):])
		if err = os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp)
			w.err = err
			return
		}
		w.dir = dir
	})
	return w.dir, w.err
}

// newWorkRoot makes the work root of run id.
func newWorkRoot(id string) (string, error) {
	dir, err := processWorkDir()
	if err != nil {
		return "", err
	}
	return os.MkdirTemp(dir, "run-"+id+"-")
}

// RemoveStaleWorkDirs removes, from the system's temporary directory, the
// work directories of wfc processes that have died.
func RemoveStaleWorkDirs() error {
	return removeStaleWorkDirs(os.TempDir())
}

func removeStaleWorkDirs(tmp string) error {
	dirs, err := filepath.Glob(filepath.Join(tmp, workDirPrefix+"[0-9]*"))
	if err != nil {
		return err
	}
	var first error
	for _, dir := range dirs {
		release, ok := tryLock(filepath.Join(dir, workLockName))
		if !ok {
			continue // its process lives, or it is not ours to judge
		}
		if err := os.RemoveAll(dir); err != nil && first == nil {
			first = err
		}
		release()
	}
	return first
}

// RemoveWorkDir removes this process's work directory, for the command
// line as the process ends; no run may start after it.
func RemoveWorkDir() {
	if w := &ownWorkDir; w.dir != "" {
		os.RemoveAll(w.dir)
	}
}
