package realtime

import (
	"context"
	"net"
	"syscall"
)

// smallBufferDialer dials with a small socket receive buffer, so a client
// that stops reading pushes back on the server quickly.
func smallBufferDialer(size int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, size)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	return d.DialContext
}
