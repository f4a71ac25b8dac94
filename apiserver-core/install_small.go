//go:build small

package main

// The small build registers the internal version and the served versions of the common kinds' groups only: the
// library sends it nothing else (objects of other versions go to the full build), and their alpha and beta
// conversions and defaults would only add to the module. Each group's install package registers these versions in
// the same way, with the others (install_full.go).
import (
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/kubernetes/pkg/api/legacyscheme"

	"k8s.io/kubernetes/pkg/apis/apps"
	appsv1 "k8s.io/kubernetes/pkg/apis/apps/v1"
	"k8s.io/kubernetes/pkg/apis/autoscaling"
	autoscalingv1 "k8s.io/kubernetes/pkg/apis/autoscaling/v1"
	autoscalingv2 "k8s.io/kubernetes/pkg/apis/autoscaling/v2"
	"k8s.io/kubernetes/pkg/apis/batch"
	batchv1 "k8s.io/kubernetes/pkg/apis/batch/v1"
	"k8s.io/kubernetes/pkg/apis/coordination"
	coordinationv1 "k8s.io/kubernetes/pkg/apis/coordination/v1"
	"k8s.io/kubernetes/pkg/apis/core"
	corev1 "k8s.io/kubernetes/pkg/apis/core/v1"
	"k8s.io/kubernetes/pkg/apis/networking"
	networkingv1 "k8s.io/kubernetes/pkg/apis/networking/v1"
	"k8s.io/kubernetes/pkg/apis/node"
	nodev1 "k8s.io/kubernetes/pkg/apis/node/v1"
	"k8s.io/kubernetes/pkg/apis/policy"
	policyv1 "k8s.io/kubernetes/pkg/apis/policy/v1"
	"k8s.io/kubernetes/pkg/apis/rbac"
	rbacv1 "k8s.io/kubernetes/pkg/apis/rbac/v1"
	"k8s.io/kubernetes/pkg/apis/scheduling"
	schedulingv1 "k8s.io/kubernetes/pkg/apis/scheduling/v1"
	"k8s.io/kubernetes/pkg/apis/storage"
	storagev1 "k8s.io/kubernetes/pkg/apis/storage/v1"
)

func init() {
	for _, addToScheme := range []func(*runtime.Scheme) error{
		apps.AddToScheme,
		appsv1.AddToScheme,
		autoscaling.AddToScheme,
		autoscalingv1.AddToScheme,
		autoscalingv2.AddToScheme,
		batch.AddToScheme,
		batchv1.AddToScheme,
		coordination.AddToScheme,
		coordinationv1.AddToScheme,
		core.AddToScheme,
		corev1.AddToScheme,
		networking.AddToScheme,
		networkingv1.AddToScheme,
		node.AddToScheme,
		nodev1.AddToScheme,
		policy.AddToScheme,
		policyv1.AddToScheme,
		rbac.AddToScheme,
		rbacv1.AddToScheme,
		scheduling.AddToScheme,
		schedulingv1.AddToScheme,
		storage.AddToScheme,
		storagev1.AddToScheme,
	} {
		utilruntime.Must(addToScheme(legacyscheme.Scheme))
	}
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(appsv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(autoscalingv2.SchemeGroupVersion, autoscalingv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(batchv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(coordinationv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(corev1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(networkingv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(nodev1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(policyv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(rbacv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(schedulingv1.SchemeGroupVersion))
	utilruntime.Must(legacyscheme.Scheme.SetVersionPriority(storagev1.SchemeGroupVersion))
}
