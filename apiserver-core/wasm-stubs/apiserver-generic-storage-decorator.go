package generic

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/client-go/tools/cache"
)

// DestroyFunc stands for storagebackend/factory.DestroyFunc, which the WebAssembly build does not compile.
type DestroyFunc func()

// StorageDecorator as upstream; the WebAssembly build has no storage behind it.
type StorageDecorator func(
	config *storagebackend.ConfigForResource,
	resourcePrefix string,
	cacheKeyFunc func(obj runtime.Object) (string, error),
	newFunc func() runtime.Object,
	newListFunc func() runtime.Object,
	getAttrsFunc storage.AttrFunc,
	trigger storage.IndexerFuncs,
	indexers *cache.Indexers) (storage.Interface, DestroyFunc, error)

var errNoStorage = errors.New("storage is not available in the WebAssembly build")

// UndecoratedStorage fails: no storage in the WebAssembly build.
func UndecoratedStorage(
	config *storagebackend.ConfigForResource,
	resourcePrefix string,
	cacheKeyFunc func(obj runtime.Object) (string, error),
	newFunc func() runtime.Object,
	newListFunc func() runtime.Object,
	getAttrsFunc storage.AttrFunc,
	trigger storage.IndexerFuncs,
	indexers *cache.Indexers) (storage.Interface, DestroyFunc, error) {
	return nil, nil, errNoStorage
}

// NewRawStorage fails: no storage in the WebAssembly build.
func NewRawStorage(config *storagebackend.ConfigForResource, newFunc, newListFunc func() runtime.Object, resourcePrefix string) (storage.Interface, DestroyFunc, error) {
	return nil, nil, errNoStorage
}
