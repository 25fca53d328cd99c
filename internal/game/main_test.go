package game

import (
	"os"
	"testing"

	"github.com/ladder/ladder/internal/redistest"
)

func TestMain(m *testing.M) { os.Exit(redistest.Main(m)) }
