module example.com/ggtestdata/gg004

go 1.21
