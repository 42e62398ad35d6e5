module example.com/ggtestdata/gg005

go 1.22
