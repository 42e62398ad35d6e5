// Fixed version of iterative/terraform-provider-iterative#404 (PR #405): every goroutine calls Done.
package fixed

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
			defer wg.Done()
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
	wg.Wait()
	return copies
}

func Run() {
	_ = cloneAMIs("ami-0123456789", []string{"us-east-1", "us-west-2", "eu-west-1"})
}
