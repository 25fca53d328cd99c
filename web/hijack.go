package web

import (
	"bufio"
	"net"
	"net/http"

	"github.com/labstack/echo/v4"
)

// hijackRecorder notes a hijack in the Echo response: a WebSocket upgrade
// writes its 101 straight to the connection, so without this the request
// log and metrics would show the 200 Echo starts with.
type hijackRecorder struct {
	http.ResponseWriter
	resp *echo.Response
}

// recordHijack makes a successful hijack of resp set its status to 101.
func recordHijack(resp *echo.Response) {
	resp.Writer = &hijackRecorder{ResponseWriter: resp.Writer, resp: resp}
}

func (h *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err == nil {
		h.resp.Status = http.StatusSwitchingProtocols
		h.resp.Committed = true
	}
	return conn, rw, err
}

func (h *hijackRecorder) Flush() {
	_ = http.NewResponseController(h.ResponseWriter).Flush()
}

func (h *hijackRecorder) Unwrap() http.ResponseWriter { return h.ResponseWriter }
