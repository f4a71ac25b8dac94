//go:build !small

package main

// The kinds only the full build of the core judges: CustomResourceDefinitions (and with them custom resources,
// crd.go), the admission, flow-control, certificates, resource, discovery and aggregator groups, and the kinds of
// the common groups that a cluster's components create (Node, Endpoints, Event, ...). The small build (tag
// "small") leaves them out, and with them the apiextensions-apiserver, the aggregator and the admission-policy
// registries: about a third of the module and of its initialized memory. The library sends it only objects of the
// kinds kinds.go registers.

import (
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"

	aggregatorscheme "k8s.io/kube-aggregator/pkg/apiserver/scheme"
	"k8s.io/kube-aggregator/pkg/registry/apiservice"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingadmissionpolicy"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingadmissionpolicybinding"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/resolver"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingadmissionpolicy"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingadmissionpolicybinding"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/certificates/certificates"
	"k8s.io/kubernetes/pkg/registry/certificates/clustertrustbundle"
	"k8s.io/kubernetes/pkg/registry/certificates/podcertificaterequest"
	"k8s.io/kubernetes/pkg/registry/core/endpoint"
	"k8s.io/kubernetes/pkg/registry/core/event"
	"k8s.io/kubernetes/pkg/registry/core/node"
	"k8s.io/kubernetes/pkg/registry/discovery/endpointslice"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/flowschema"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/prioritylevelconfiguration"
	"k8s.io/kubernetes/pkg/registry/networking/ipaddress"
	"k8s.io/kubernetes/pkg/registry/networking/servicecidr"
	"k8s.io/kubernetes/pkg/registry/resource/deviceclass"
	"k8s.io/kubernetes/pkg/registry/resource/devicetaintrule"
	"k8s.io/kubernetes/pkg/registry/resource/resourceclaim"
	"k8s.io/kubernetes/pkg/registry/resource/resourceclaimtemplate"
	"k8s.io/kubernetes/pkg/registry/resource/resourceslice"
	"k8s.io/kubernetes/pkg/registry/storage/csistoragecapacity"
	"k8s.io/kubernetes/pkg/registry/storage/volumeattributesclass"
	"k8s.io/kubernetes/pkg/registry/storagemigration/storagemigration"
)

func init() {
	ls := legacyscheme.Scheme
	// kinds of groups the common kinds are in, judged with a cluster administrator as the requester (below)
	add(ls, "", v1, map[string]rest.RESTCreateStrategy{
		"Node":      admin(node.Strategy),
		"Endpoints": admin(endpoint.Strategy),
		"Event":     admin(event.Strategy),
	})
	add(ls, "networking.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"IPAddress":   admin(ipaddress.Strategy),
		"ServiceCIDR": admin(servicecidr.Strategy),
	})
	add(ls, "storage.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"CSIStorageCapacity":    admin(csistoragecapacity.Strategy),
		"VolumeAttributesClass": admin(volumeattributesclass.Strategy),
	})
	add(crdScheme, "apiextensions.k8s.io", v1, map[string]rest.RESTCreateStrategy{"CustomResourceDefinition": crdCreateStrategy})

	// admin(...): judged with a cluster administrator as the requester (admin.go). The strategies are built as the
	// server's REST storage builds them (pkg/registry/<group>/rest); what they are given that only a running server
	// has (an authorizer, the cluster's namespaces and policies, discovery) answers as it answers a cluster
	// administrator's dry-run create.
	resolve := resolver.ResourceResolverFunc(resolveResource)
	add(ls, "admissionregistration.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"ValidatingWebhookConfiguration":   admin(validatingwebhookconfiguration.Strategy),
		"MutatingWebhookConfiguration":     admin(mutatingwebhookconfiguration.Strategy),
		"ValidatingAdmissionPolicy":        admin(validatingadmissionpolicy.NewStrategy(allowAll{}, resolve)),
		"ValidatingAdmissionPolicyBinding": admin(validatingadmissionpolicybinding.NewStrategy(allowAll{}, noPolicies{}, resolve)),
		// GA in v1.36, served in v1 by default (feature MutatingAdmissionPolicy)
		"MutatingAdmissionPolicy":        admin(mutatingadmissionpolicy.NewStrategy(allowAll{}, resolve)),
		"MutatingAdmissionPolicyBinding": admin(mutatingadmissionpolicybinding.NewStrategy(allowAll{}, noPolicies{}, resolve)),
	})
	add(ls, "flowcontrol.apiserver.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"FlowSchema":                 admin(flowschema.Strategy),
		"PriorityLevelConfiguration": admin(prioritylevelconfiguration.Strategy),
	})
	add(ls, "certificates.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"CertificateSigningRequest": admin(certificates.Strategy),
		// GA in v1.37 and served in v1 by default (features ClusterTrustBundle, PodCertificateRequest)
		"ClusterTrustBundle":    admin(clustertrustbundle.Strategy),
		"PodCertificateRequest": admin(podcertificaterequest.NewStrategy()),
	})
	nsClient := adminAccessNamespaces{}
	add(ls, "resource.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"DeviceClass":           admin(deviceclass.Strategy),
		"ResourceSlice":         admin(resourceslice.Strategy),
		"ResourceClaim":         admin(resourceclaim.NewStrategy(nsClient, allowAll{})),
		"ResourceClaimTemplate": admin(resourceclaimtemplate.NewStrategy(nsClient)),
		// GA in v1.37 and served in v1 by default (feature DRADeviceTaintRules)
		"DeviceTaintRule": admin(devicetaintrule.Strategy),
	})
	// events.k8s.io/v1 Events are core Events in the internal version, stored and judged by the same registry
	// (with the stricter checks of the events.k8s.io API, which the strategy picks by the request's group)
	add(ls, "events.k8s.io", v1, map[string]rest.RESTCreateStrategy{"Event": admin(event.Strategy)})
	add(ls, "discovery.k8s.io", v1, map[string]rest.RESTCreateStrategy{"EndpointSlice": admin(endpointslice.Strategy)})
	// GA in v1.37 and served in v1 by default (feature StorageVersionMigrator)
	add(ls, "storagemigration.k8s.io", v1, map[string]rest.RESTCreateStrategy{"StorageVersionMigration": admin(storagemigration.Strategy)})
	// APIServices are served by the aggregator in front of kube-apiserver, with its own scheme and registry
	add(aggregatorscheme.Scheme, "apiregistration.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"APIService": admin(apiservice.NewStrategy(aggregatorscheme.Scheme)),
	})
	// Served by kube-apiserver (create only) but not objects a registry strategy judges: the answer to a Binding
	// depends on the cluster's Pods (creating one binds an existing Pod to a node), the reviews are questions to the
	// server's authenticator and authorizer. Reported as not validated (only their field names are checked).
	unjudged("", "Binding")
	unjudged("authentication.k8s.io", "TokenReview", "SelfSubjectReview")
	unjudged("authorization.k8s.io", "SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview")
	// groups the API server serves in no version by default: one it no longer serves, the alpha-only ones
	// (pkg/controlplane: internal.apiserver.k8s.io/v1alpha1, lifecycle.k8s.io/v1alpha1) and the types of webhook
	// requests, which no server serves (admission.k8s.io AdmissionReview, imagepolicy.k8s.io ImageReview)
	for _, g := range []string{"extensions", "internal.apiserver.k8s.io", "lifecycle.k8s.io", "admission.k8s.io", "imagepolicy.k8s.io"} {
		groups[g] = &apiGroup{served: map[string]bool{}, kinds: map[string]*kindEntry{}}
	}
}
