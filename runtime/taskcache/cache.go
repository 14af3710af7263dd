// Package taskcache is wfc run's task cache: the outputs of cached tasks
// (cache = true), keyed as Flyte's catalog keys them, in content-addressed
// files under one directory.
//
// The design follows cmd/go's build cache (internal/cache): each entry is
// one file named by its key, written to a temp file and renamed into
// place, so readers see a whole entry or none and concurrent wfc run
// processes need no lock to share the directory; a use refreshes the
// file's modification time at most once an hour, and Trim removes entries
// unused for longer than a given age. Unlike cmd/go, an entry carries its
// own checksum: a truncated or corrupt file is a miss, never a wrong
// result.
package taskcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/internal/atomicfile"
)

// DirEnv names the environment variable that moves the cache.
const DirEnv = "WFC_CACHE"

// DefaultTrimAge is how long an unused entry is kept (cmd/go's 5 days).
const DefaultTrimAge = 5 * 24 * time.Hour

// MaxEntrySize bounds an entry file; a larger one is a miss (and is not
// written).
const MaxEntrySize = 64 << 20

// mtimeInterval is how stale an entry's modification time may get before
// a use refreshes it: Trim's clock, kept coarse so hits stay reads.
const mtimeInterval = time.Hour

// magic starts every entry file, before the body's length and SHA-256.
const magic = "wfc-cache-1"

// DefaultDir is the cache directory: $WFC_CACHE, or wfc under the user's
// cache directory.
func DefaultDir() (string, error) {
	if d := os.Getenv(DirEnv); d != "" {
		return filepath.Abs(d)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory: %v (set $%s)", err, DirEnv)
	}
	return filepath.Join(d, "wfc"), nil
}

// Cache is a cache directory.
type Cache struct {
	dir      string
	now      func() time.Time
	maxEntry int64 // MaxEntrySize; smaller in tests
}

// Open opens the cache in dir, creating it if needed.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("task cache: %v", err)
	}
	return &Cache{dir: dir, now: time.Now, maxEntry: MaxEntrySize}, nil
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

// Key identifies one cached result: see KeyOf.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Entry is one cached result.
type Entry struct {
	Task    string                     `json:"task"`
	Version string                     `json:"cache_version"`
	Run     string                     `json:"run"`  // the run that computed it
	Node    string                     `json:"node"` // its node there
	Time    time.Time                  `json:"time"` // when it was stored
	Outputs map[string]json.RawMessage `json:"outputs"`
}

func (c *Cache) path(k Key) string {
	h := k.String()
	return filepath.Join(c.dir, h[:2], h+"-e")
}

// Get returns the entry stored under k. ok is false on a miss, which
// includes an entry that cannot be read whole or fails its checksum.
func (c *Cache) Get(k Key) (e *Entry, ok bool) {
	p := c.path(k)
	data, mtime, err := readCapped(p, c.maxEntry)
	if err != nil {
		return nil, false
	}
	e, err = decodeEntry(data)
	if err != nil {
		return nil, false
	}
	// Refresh the modification time, coarsely, so Trim keeps what is
	// still in use.
	if now := c.now(); now.Sub(mtime) >= mtimeInterval {
		_ = os.Chtimes(p, now, now)
	}
	return e, true
}

// Put stores e under k, replacing any entry there, atomically: a reader
// sees the old entry, the new one, or none.
func (c *Cache) Put(k Key, e *Entry) error {
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("task cache: %v", err)
	}
	sum := sha256.Sum256(body)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %d %x\n", magic, len(body), sum)
	b.Write(body)
	if int64(b.Len()) > c.maxEntry {
		return fmt.Errorf("task cache: outputs of %s are %d bytes, over the %d-byte limit of an entry", e.Task, b.Len(), c.maxEntry)
	}
	p := c.path(k)
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return fmt.Errorf("task cache: %v", err)
	}
	// No fsync: an entry torn by a crash fails its checksum and is a miss.
	if err := atomicfile.WriteFile(p, b.Bytes(), 0o600); err != nil {
		return fmt.Errorf("task cache: %v", err)
	}
	return nil
}

// decodeEntry checks an entry file's header against its body.
func decodeEntry(data []byte) (*Entry, error) {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return nil, errors.New("no header")
	}
	f := strings.Fields(string(data[:nl]))
	body := data[nl+1:]
	if len(f) != 3 || f[0] != magic {
		return nil, errors.New("bad header")
	}
	if n, err := strconv.Atoi(f[1]); err != nil || n != len(body) {
		return nil, errors.New("truncated")
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != f[2] {
		return nil, errors.New("checksum mismatch")
	}
	var e Entry
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// readCapped reads file p, at most limit bytes, and returns its
// modification time.
func readCapped(p string, limit int64) ([]byte, time.Time, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	if info.Size() > limit {
		return nil, time.Time{}, errors.New("too large")
	}
	data := make([]byte, info.Size())
	n, err := f.ReadAt(data, 0)
	if err != nil && n != len(data) {
		return nil, time.Time{}, err
	}
	return data, info.ModTime(), nil
}

// Info describes a stored entry, for wfc cache ls.
type Info struct {
	Key     string
	Task    string
	Version string
	Run     string
	Node    string
	Time    time.Time // when it was stored
	Used    time.Time // when it was last used, to the hour
	Size    int64
	Err     error // why the entry is unreadable (and would be a miss)
}

// List returns every entry, sorted by task and then by time stored.
func (c *Cache) List() ([]Info, error) {
	var out []Info
	err := c.walk(func(p string, d fs.DirEntry) error {
		info, err := d.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		i := Info{Key: strings.TrimSuffix(d.Name(), "-e"), Used: info.ModTime(), Size: info.Size()}
		data, _, err := readCapped(p, c.maxEntry)
		if err == nil {
			var e *Entry
			if e, err = decodeEntry(data); err == nil {
				i.Task, i.Version, i.Run, i.Node, i.Time = e.Task, e.Version, e.Run, e.Node, e.Time
			}
		}
		i.Err = err
		out = append(out, i)
		return nil
	})
	sortInfos(out)
	return out, err
}

// Trim removes the entries not used for longer than age and returns how
// many it removed.
func (c *Cache) Trim(age time.Duration) (int, error) {
	cutoff := c.now().Add(-age)
	n := 0
	err := c.walk(func(p string, d fs.DirEntry) error {
		info, err := d.Info()
		if err == nil && info.ModTime().Before(cutoff) && os.Remove(p) == nil {
			n++
		}
		return nil
	})
	if err == nil {
		err = atomicfile.WriteFile(filepath.Join(c.dir, trimName), []byte(strconv.FormatInt(c.now().Unix(), 10)+"\n"), 0o600)
	}
	return n, err
}

// trimName records when the cache was last trimmed, for MaybeTrim.
const trimName = "trim.txt"

// MaybeTrim trims entries unused for DefaultTrimAge, at most once a day
// (as cmd/go does after a build), so a cache nobody trims by hand stays
// bounded by what was used in the last few days.
func (c *Cache) MaybeTrim() {
	if data, err := os.ReadFile(filepath.Join(c.dir, trimName)); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil &&
			c.now().Sub(time.Unix(t, 0)) < 24*time.Hour {
			return
		}
	}
	_, _ = c.Trim(DefaultTrimAge)
}

// Clear removes every entry and returns how many it removed.
func (c *Cache) Clear() (int, error) {
	n := 0
	err := c.walk(func(p string, d fs.DirEntry) error {
		if os.Remove(p) == nil {
			n++
		}
		return nil
	})
	return n, err
}

// walk calls f for each entry file, in the two-hex-digit subdirectories
// only: nothing else under the directory is the cache's.
func (c *Cache) walk(f func(p string, d fs.DirEntry) error) error {
	subs, err := os.ReadDir(c.dir)
	if err != nil {
		return fmt.Errorf("task cache: %v", err)
	}
	for _, s := range subs {
		if !s.IsDir() || !isHex2(s.Name()) {
			continue
		}
		sub := filepath.Join(c.dir, s.Name())
		files, err := os.ReadDir(sub)
		if err != nil {
			continue
		}
		for _, d := range files {
			if d.Type().IsRegular() && strings.HasSuffix(d.Name(), "-e") {
				if err := f(filepath.Join(sub, d.Name()), d); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func isHex2(s string) bool {
	if len(s) != 2 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
