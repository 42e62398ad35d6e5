module example.com/ggtestdata

go 1.22
