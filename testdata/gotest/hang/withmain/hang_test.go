// The same hang in a package with its own TestMain (renamed in the overlay copy): traces show it as TestMain.
package withmain

import (
	"os"
	"testing"
	"time"
)

func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestHang(t *testing.T) { time.Sleep(time.Hour) }
