package lsp

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/sourcegraph/jsonrpc2"
)

// maxMessageSize bounds one message from the client: a document at the
// size limit, JSON-escaped, with room to spare. A bigger one ends the
// connection rather than the server's memory.
const maxMessageSize = 64 << 20

// limitedCodec is jsonrpc2's Content-Length codec with a bound on the
// size of what it reads: it looks at the header before the codec reads
// the message.
type limitedCodec struct {
	jsonrpc2.VSCodeObjectCodec
	max int
}

func (c limitedCodec) ReadObject(stream *bufio.Reader, v any) error {
	header, err := peekHeader(stream)
	if err != nil {
		return err
	}
	for line := range bytes.SplitSeq(header, []byte("\r\n")) {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || !bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
			continue
		}
		if n, err := strconv.Atoi(string(bytes.TrimSpace(value))); err == nil && n > c.max {
			return fmt.Errorf("a message of %d bytes; the server reads messages of at most %d", n, c.max)
		}
	}
	return c.VSCodeObjectCodec.ReadObject(stream, v)
}

// peekHeader returns the header block at the start of stream, up to the
// blank line that ends it, without consuming it. A header that does not
// end within the reader's buffer is left to the codec to refuse.
func peekHeader(stream *bufio.Reader) ([]byte, error) {
	for n := 1; ; n++ {
		b, err := stream.Peek(n)
		if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
			return b[:i], nil
		}
		if err != nil {
			if err == bufio.ErrBufferFull {
				return b, nil
			}
			if err == io.EOF && len(b) > 0 {
				return b, nil
			}
			return nil, err
		}
	}
}
