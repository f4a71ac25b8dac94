// Command etcd runs the etcd server at the version k8s.io/kubernetes requires, through etcdmain,
// so it takes etcd's usual flags.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
