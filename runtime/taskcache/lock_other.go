//go:build !unix

package taskcache

import "context"

// Lock is a no-op without flock: cache_serialize then holds within one
// process only.
func (c *Cache) Lock(ctx context.Context, k Key) (unlock func(), err error) {
	return func() {}, nil
}
