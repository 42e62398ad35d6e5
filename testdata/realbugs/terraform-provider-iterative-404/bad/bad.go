// Kernel reduced from iterative/terraform-provider-iterative#404 "cml: deadlock when running the script for
// cloning amis" (2022, fixed by PR #405). The script copies an AMI to every region in its own goroutine, counted
// by a WaitGroup, but the goroutines never call Done, so the final Wait deadlocks.
// Fix: defer wg.Done() in each goroutine.
package bad

import (
	"fmt"
	"sync"
)

type ec2Client struct{ region string }

func (c *ec2Client) CopyImage(imageID string) (string, error) {
	return fmt.Sprintf("%s-copy-%s", imageID, c.region), nil
}

func cloneAMIs(imageID string, regions []string) map[string]string {
	var wg sync.WaitGroup
	var mu sync.Mutex
	copies := map[string]string{}
	for _, region := range regions {
		wg.Add(1)
		go func(region string) {
			c := &ec2Client{region: region}
			id, err := c.CopyImage(imageID)
			if err != nil {
				return
			}
			mu.Lock()
			copies[region] = id
			mu.Unlock()
		}(region)
	}
	wg.Wait() // BLOCKS: waitgroup
	return copies
}

func Run() {
	_ = cloneAMIs("ami-0123456789", []string{"us-east-1", "us-west-2", "eu-west-1"})
}
