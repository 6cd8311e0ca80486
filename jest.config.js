/** Jest runs the TypeScript sources directly (transpile only; `npm run typecheck` does the type checking). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { module: 'commonjs', allowJs: true, isolatedModules: true, esModuleInterop: true, types: ['node', 'jest'] }, diagnostics: false }],
  },
  // These dependencies ship only ES modules; Node loads them with require(esm), jest needs them transpiled.
  transformIgnorePatterns: ['/node_modules/(?!(flatbush|rbush|rbush-knn|tinyqueue|quickselect|flatqueue|osm-pbf-parser-node|pbf|kdbush|ieee754|jose)/)'],
  testTimeout: 60000,
};
