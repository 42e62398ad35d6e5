// Package consumer leaks through a helper in another module (example.com/gg/leaks).
package consumer

import (
	"testing"

	"example.com/gg/leaks/leaky"
)

func TestCrossModuleClean(t *testing.T) { _ = leaky.FirstResultBuffered(2) }

func TestCrossModuleLeak(t *testing.T) { leaky.StartTree(1) }
