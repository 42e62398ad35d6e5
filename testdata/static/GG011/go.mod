module example.com/ggtestdata/gg011

go 1.21
