// Package good holds GG019 cases that need Go 1.25 (testing/synctest): a module of their own, so the other cases
// keep their go 1.22 timer semantics.
package good
