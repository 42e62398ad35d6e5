// Fixed version of kubesphere/kubesphere PR #5941: the read lock is released before the write lock is taken.
package fixed

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
	cluster, ok := c.innerClusters[name]
	c.RUnlock()
	if ok {
		return cluster
	}
	cluster = c.fetch(name)
	c.Lock()
	defer c.Unlock()
	if existing, ok := c.innerClusters[name]; ok {
		return existing
	}
	c.innerClusters[name] = cluster
	return cluster
}

func Run() {
	c := &clusterClients{
		innerClusters: map[string]*innerCluster{},
		fetch:         func(name string) *innerCluster { return &innerCluster{Name: name} },
	}
	_ = c.GetInnerCluster("host")
}
