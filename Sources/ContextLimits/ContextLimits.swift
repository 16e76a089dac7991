// The umbrella module: `import ContextLimits` gives every analysis module.
@_exported import Models
@_exported import NumericalCore
@_exported import Rotary
@_exported import Bounds
@_exported import StateCapacity
@_exported import Locality
