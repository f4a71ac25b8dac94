//go:build !small

package main

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	admissionregistrationv1 "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"
	"k8s.io/kubernetes/pkg/apis/certificates"
	certificatesv1 "k8s.io/kubernetes/pkg/apis/certificates/v1"
	"k8s.io/kubernetes/pkg/apis/discovery"
	discoveryv1 "k8s.io/kubernetes/pkg/apis/discovery/v1"
	"k8s.io/kubernetes/pkg/apis/events"
	eventsv1 "k8s.io/kubernetes/pkg/apis/events/v1"
	"k8s.io/kubernetes/pkg/apis/flowcontrol"
	flowcontrolv1 "k8s.io/kubernetes/pkg/apis/flowcontrol/v1"
	"k8s.io/kubernetes/pkg/apis/resource"
	resourcev1 "k8s.io/kubernetes/pkg/apis/resource/v1"
	"k8s.io/kubernetes/pkg/apis/storagemigration"
	storagemigrationv1 "k8s.io/kubernetes/pkg/apis/storagemigration/v1"
)

// The internal version and v1 of the groups added to the core after the first ones (which register through their
// install packages, every version). Only v1 of these groups is served by default, and only v1 is registered: their
// alpha and beta conversions would add about 2 MB to the module for versions the core answers "not served"
// before decoding (judge). Each group's install package registers these two versions in the same way, with the others.
func init() {
	for _, addToScheme := range []func(*runtime.Scheme) error{
		admissionregistration.AddToScheme, admissionregistrationv1.AddToScheme,
		certificates.AddToScheme, certificatesv1.AddToScheme,
		discovery.AddToScheme, discoveryv1.AddToScheme,
		events.AddToScheme, eventsv1.AddToScheme,
		flowcontrol.AddToScheme, flowcontrolv1.AddToScheme,
		resource.AddToScheme, resourcev1.AddToScheme,
		storagemigration.AddToScheme, storagemigrationv1.AddToScheme,
	} {
		utilruntime.Must(addToScheme(legacyscheme.Scheme))
	}
	for _, gv := range []schema.GroupVersion{
		admissionregistrationv1.SchemeGroupVersion, certificatesv1.SchemeGroupVersion, discoveryv1.SchemeGroupVersion,
		eventsv1.SchemeGroupVersion, flowcontrolv1.SchemeGroupVersion, resourcev1.SchemeGroupVersion,
		storagemigrationv1.SchemeGroupVersion,
	} {
		utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(gv))
	}
}
