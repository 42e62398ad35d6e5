module example.com/ggtestdata/gg005/go123

go 1.23
