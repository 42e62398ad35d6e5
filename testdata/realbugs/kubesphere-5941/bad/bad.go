// Kernel reduced from kubesphere/kubesphere PR #5941 "utils/clusterclient: fix the deadlock issue when getting
// the cluster client" (2023). GetInnerCluster read-locks the cache and, when the cluster is missing, tries to take
// the write lock to fill it in before the read lock is released: RWMutex cannot be upgraded, so the goroutine
// waits for itself, and every later reader waits behind the pending writer.
// Fix: release the read lock before taking the write lock (and re-check under it).
package bad

import "sync"

type innerCluster struct {
	Name       string
	KubeConfig string
}

type clusterClients struct {
	sync.RWMutex
	innerClusters map[string]*innerCluster
	fetch         func(name string) *innerCluster
}

func (c *clusterClients) GetInnerCluster(name string) *innerCluster {
	c.RLock()
	defer c.RUnlock()
	if cluster, ok := c.innerClusters[name]; ok {
		return cluster
	}
	cluster := c.fetch(name)
	c.Lock() // BLOCKS: rwmutex
	c.innerClusters[name] = cluster
	c.Unlock()
	return cluster
}

func Run() {
	c := &clusterClients{
		innerClusters: map[string]*innerCluster{},
		fetch:         func(name string) *innerCluster { return &innerCluster{Name: name} },
	}
	_ = c.GetInnerCluster("host")
}
