// jest configuration of `npm run test:cluster` (a real control plane, see docs/control-plane.md).
// Test files end in `.cluster.ts`, so the default `npm test` (which matches `*.test.ts`) never picks them up.
const path = require('path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/cluster/**/*.cluster.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/examples/dist/'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  testTimeout: 300_000,
  clearMocks: true,
  transform: {
    '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  reporters: ['default', ['jest-junit', { outputDirectory: 'test-reports', outputName: 'junit-cluster.xml' }]],
};
