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
// file named lock that the process keeps locked (flock) while it has runs
// there. The kernel drops the lock when the process dies, however it dies,
// so RemoveStaleWorkDirs, which wfc run calls at start, can tell the
// directory of a dead process and remove it.
const (
	workDirPrefix = "wfc-work-"
	workLockName  = "lock"
)

// processWorkDir is this process's directory of work roots, while it has
// any.
type processWorkDir struct {
	mu    sync.Mutex
	dir   string
	lock  *os.File // open, and locked where flock exists, while dir is
	roots int
}

var ownWorkDir processWorkDir

// newWorkRoot makes the work root of run id.
func newWorkRoot(id string) (string, error) {
	w := &ownWorkDir
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dir == "" {
		if err := w.make(); err != nil {
			return "", err
		}
	}
	root, err := os.MkdirTemp(w.dir, "run-"+id+"-")
	if err != nil {
		w.releaseIfIdle()
		return "", err
	}
	w.roots++
	return root, nil
}

// removeWorkRoot removes a run's work root, and this process's directory
// with the last of them.
func removeWorkRoot(root string) {
	os.RemoveAll(root)
	w := &ownWorkDir
	w.mu.Lock()
	defer w.mu.Unlock()
	w.roots--
	w.releaseIfIdle()
}

// make makes the directory under another name and renames it once its
// lock is held, so that RemoveStaleWorkDirs never finds it unlocked.
func (w *processWorkDir) make() error {
	tmp, err := os.MkdirTemp("", workDirPrefix+"new-")
	if err != nil {
		return err
	}
	lock, err := holdLock(filepath.Join(tmp, workLockName))
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	suffix := filepath.Base(tmp)[len(workDirPrefix+"new-"):]
	dir := filepath.Join(filepath.Dir(tmp), workDirPrefix+strconv.Itoa(os.Getpid())+"-"+suffix)
	if err := os.Rename(tmp, dir); err != nil {
		lock.Close()
		os.RemoveAll(tmp)
		return err
	}
	w.dir, w.lock = dir, lock
	return nil
}

func (w *processWorkDir) releaseIfIdle() {
	if w.roots > 0 || w.dir == "" {
		return
	}
	os.RemoveAll(w.dir)
	w.lock.Close()
	w.dir, w.lock = "", nil
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
