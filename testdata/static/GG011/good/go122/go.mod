module example.com/ggtestdata/gg011/go122

go 1.22
