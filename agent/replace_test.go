package guard

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The documented way to use the agent from another module — a `replace` directive pointing at a checkout — keeps
// working: examples/leakyservice is such a module, and it must build.
func TestAnotherModuleBuildsWithReplace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", filepath.Join(t.TempDir(), "leakyservice"), ".")
	cmd.Dir = filepath.Join("examples", "leakyservice")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build in %s: %v\n%s", cmd.Dir, err, out)
	}
}
