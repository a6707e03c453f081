import ArgumentParser
struct GenerateCommand: ParsableCommand {}
struct EmitSwiftCommand: ParsableCommand {}
