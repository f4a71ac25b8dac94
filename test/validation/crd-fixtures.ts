/** A CustomResourceDefinition with the schema features custom resources go wrong on. */
export function widgetCrd(): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  'type': 'object',
                  'required': ['mode'],
                  'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'min must not exceed max' }],
                  'properties': {
                    mode: { type: 'string', enum: ['fast', 'safe'] },
                    min: { type: 'integer', minimum: 0 },
                    max: { type: 'integer', default: 10 },
                    name: { type: 'string', pattern: '^[a-z]+$', maxLength: 8 },
                    ports: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'integer' } },
                  },
                },
                status: { type: 'object', properties: { ready: { type: 'boolean' } } },
              },
            },
          },
        },
        { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  };
}
