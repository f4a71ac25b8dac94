package main

import (
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/capabilities"

	aggregatorscheme "k8s.io/kube-aggregator/pkg/apiserver/scheme"
	"k8s.io/kube-aggregator/pkg/registry/apiservice"

	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/coordination/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"

	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingadmissionpolicy"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingadmissionpolicybinding"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/resolver"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingadmissionpolicy"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingadmissionpolicybinding"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingwebhookconfiguration"

	"k8s.io/kubernetes/pkg/registry/apps/controllerrevision"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/certificates/certificates"
	"k8s.io/kubernetes/pkg/registry/certificates/clustertrustbundle"
	"k8s.io/kubernetes/pkg/registry/certificates/podcertificaterequest"
	"k8s.io/kubernetes/pkg/registry/coordination/lease"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/endpoint"
	"k8s.io/kubernetes/pkg/registry/core/event"
	"k8s.io/kubernetes/pkg/registry/core/limitrange"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/node"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolume"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolumeclaim"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/podtemplate"
	"k8s.io/kubernetes/pkg/registry/core/replicationcontroller"
	"k8s.io/kubernetes/pkg/registry/core/resourcequota"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/discovery/endpointslice"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/flowschema"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/prioritylevelconfiguration"
	"k8s.io/kubernetes/pkg/registry/networking/ingress"
	"k8s.io/kubernetes/pkg/registry/networking/ingressclass"
	"k8s.io/kubernetes/pkg/registry/networking/ipaddress"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/networking/servicecidr"
	"k8s.io/kubernetes/pkg/registry/node/runtimeclass"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
	"k8s.io/kubernetes/pkg/registry/resource/deviceclass"
	"k8s.io/kubernetes/pkg/registry/resource/devicetaintrule"
	"k8s.io/kubernetes/pkg/registry/resource/resourceclaim"
	"k8s.io/kubernetes/pkg/registry/resource/resourceclaimtemplate"
	"k8s.io/kubernetes/pkg/registry/resource/resourceslice"
	"k8s.io/kubernetes/pkg/registry/scheduling/priorityclass"
	"k8s.io/kubernetes/pkg/registry/storage/csidriver"
	"k8s.io/kubernetes/pkg/registry/storage/csinode"
	"k8s.io/kubernetes/pkg/registry/storage/csistoragecapacity"
	"k8s.io/kubernetes/pkg/registry/storage/storageclass"
	"k8s.io/kubernetes/pkg/registry/storage/volumeattachment"
	"k8s.io/kubernetes/pkg/registry/storage/volumeattributesclass"
	"k8s.io/kubernetes/pkg/registry/storagemigration/storagemigration"
)

// A built-in API group as kube-apiserver serves it by default (only GA versions are on by default in the pinned
// release: pkg/controlplane DefaultAPIResourceConfigSource).
type apiGroup struct {
	served map[string]bool
	kinds  map[string]*kindEntry
	scheme *runtime.Scheme
}

// kindsIn lists the kinds a served version of the group has (what a misspelled kind is compared with).
func (g *apiGroup) kindsIn(version string) []string {
	var out []string
	for k, e := range g.kinds {
		if e.served[version] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

var groups = map[string]*apiGroup{}

// unjudged records built-in kinds (served in v1) that the core does not validate: a nil strategy.
func unjudged(group string, kinds ...string) {
	g := groups[group]
	if g == nil {
		g = &apiGroup{served: map[string]bool{"v1": true}, kinds: map[string]*kindEntry{}}
		groups[group] = g
	}
	for _, k := range kinds {
		if _, ok := g.kinds[k]; !ok {
			g.kinds[k] = &kindEntry{served: map[string]bool{"v1": true}}
		}
	}
}

func init() {
	// kube-apiserver --allow-privileged=true, as every common distribution runs it (kubeadm, EKS, GKE, AKS, kind;
	// the flag's own default is false): privileged containers are judged, not refused outright
	capabilities.Setup(true, 0)

	v1 := []string{"v1"}
	add := func(s *runtime.Scheme, group string, versions []string, strategies map[string]rest.RESTCreateStrategy) {
		g := groups[group]
		if g == nil {
			g = &apiGroup{served: map[string]bool{}, kinds: map[string]*kindEntry{}, scheme: s}
			groups[group] = g
		}
		served := map[string]bool{}
		for _, v := range versions {
			served[v] = true
			g.served[v] = true
		}
		for kind, st := range strategies {
			g.kinds[kind] = &kindEntry{scheme: s, strategy: st, served: served, resource: resourceOf(kind)}
		}
	}
	ls := legacyscheme.Scheme
	add(ls, "", v1, map[string]rest.RESTCreateStrategy{
		"Pod": pod.Strategy, "ConfigMap": configmap.Strategy, "Secret": secret.Strategy,
		"ServiceAccount": serviceAccountStrategy, "Service": service.Strategy, "Namespace": namespace.Strategy,
		"PersistentVolume": persistentvolume.Strategy, "PersistentVolumeClaim": persistentvolumeclaim.Strategy,
		"LimitRange": limitrange.Strategy, "ResourceQuota": resourcequota.Strategy,
		"ReplicationController": replicationcontroller.Strategy, "PodTemplate": podtemplate.Strategy,
		"Node":      admin(node.Strategy),
		"Endpoints": admin(endpoint.Strategy),
		"Event":     admin(event.Strategy),
	})
	add(ls, "apps", v1, map[string]rest.RESTCreateStrategy{
		"DaemonSet": daemonset.Strategy, "Deployment": deployment.Strategy, "StatefulSet": statefulset.Strategy,
		"ReplicaSet": replicaset.Strategy, "ControllerRevision": controllerrevision.Strategy,
	})
	add(ls, "batch", v1, map[string]rest.RESTCreateStrategy{"Job": job.Strategy, "CronJob": cronjob.Strategy})
	add(ls, "autoscaling", []string{"v1", "v2"}, map[string]rest.RESTCreateStrategy{"HorizontalPodAutoscaler": horizontalpodautoscaler.Strategy})
	add(ls, "rbac.authorization.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"Role": role.Strategy, "ClusterRole": clusterrole.Strategy,
		"RoleBinding": rolebinding.Strategy, "ClusterRoleBinding": clusterrolebinding.Strategy,
	})
	add(ls, "scheduling.k8s.io", v1, map[string]rest.RESTCreateStrategy{"PriorityClass": priorityclass.Strategy})
	add(ls, "networking.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"NetworkPolicy": networkpolicy.Strategy, "Ingress": ingress.Strategy, "IngressClass": ingressclass.Strategy,
		"IPAddress":   admin(ipaddress.Strategy),
		"ServiceCIDR": admin(servicecidr.Strategy),
	})
	add(ls, "policy", v1, map[string]rest.RESTCreateStrategy{"PodDisruptionBudget": poddisruptionbudget.Strategy})
	add(ls, "storage.k8s.io", v1, map[string]rest.RESTCreateStrategy{
		"CSIDriver": csidriver.Strategy, "StorageClass": storageclass.Strategy, "CSINode": csinode.Strategy,
		"VolumeAttachment":      volumeattachment.Strategy,
		"CSIStorageCapacity":    admin(csistoragecapacity.Strategy),
		"VolumeAttributesClass": admin(volumeattributesclass.Strategy),
	})
	add(ls, "coordination.k8s.io", v1, map[string]rest.RESTCreateStrategy{"Lease": lease.Strategy})
	add(ls, "node.k8s.io", v1, map[string]rest.RESTCreateStrategy{"RuntimeClass": runtimeclass.Strategy})
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

// resourceOf is the plural resource name of a built-in kind (as in the API server's discovery).
func resourceOf(kind string) string {
	switch kind {
	case "Endpoints":
		return "endpoints"
	case "NetworkPolicy", "PriorityClass", "IngressClass", "RuntimeClass", "StorageClass":
		return strings.ToLower(strings.TrimSuffix(kind, "y")) + map[bool]string{true: "ies", false: "es"}[strings.HasSuffix(kind, "y")]
	}
	l := strings.ToLower(kind)
	switch {
	case strings.HasSuffix(l, "y"):
		return strings.TrimSuffix(l, "y") + "ies"
	case strings.HasSuffix(l, "s"):
		return l + "es"
	}
	return l + "s"
}
