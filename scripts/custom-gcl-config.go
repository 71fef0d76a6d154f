//go:build ignore

// custom-gcl-config.go reads a .custom-gcl.yml (the configuration of
// `golangci-lint custom`) for scripts/build-custom-gcl.sh and writes the
// one the script builds with: the same golangci-lint version and plugins,
// the valuetask plugin taken from the given checkout (added when the file
// has none), relative plugin paths made absolute, and the binary's name
// and destination set to the script's output.
//
// The script runs it with go run in a temporary module that requires
// go.yaml.in/yaml/v3, the YAML package golangci-lint reads the file with;
// it is not part of the valuetask module.
//
// Usage:
//
//	go run custom-gcl-config.go -config FILE -checkout DIR -name NAME -destination DIR -format yaml|build
//
// With -format yaml it prints the configuration. With -format build it
// prints, one per line, "version V", then "import PATH" for every plugin
// package, "require MODULE@VERSION" or "replace MODULE=DIR" for every
// plugin module: what the script's no-git route needs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

const (
	pluginModule = "github.com/go-valuetask/valuetask"
	pluginImport = "github.com/go-valuetask/valuetask/golangci"
)

// configuration is golangci-lint's (pkg/commands/internal/configuration.go).
type configuration struct {
	Version     string    `yaml:"version"`
	Name        string    `yaml:"name,omitempty"`
	Destination string    `yaml:"destination,omitempty"`
	Plugins     []*plugin `yaml:"plugins,omitempty"`
}

type plugin struct {
	Module  string `yaml:"module"`
	Import  string `yaml:"import,omitempty"`
	Version string `yaml:"version,omitempty"`
	Path    string `yaml:"path,omitempty"`
}

func main() {
	config := flag.String("config", "", "the .custom-gcl.yml to read")
	checkout := flag.String("checkout", "", "the valuetask checkout to take the plugin from")
	name := flag.String("name", "custom-gcl", "the name of the binary")
	destination := flag.String("destination", ".", "the directory of the binary")
	format := flag.String("format", "yaml", "yaml or build")
	flag.Parse()
	if err := run(*config, *checkout, *name, *destination, *format); err != nil {
		fmt.Fprintf(os.Stderr, "custom-gcl-config: %s: %v\n", *config, err)
		os.Exit(1)
	}
}

func run(file, checkout, name, destination, format string) error {
	if file == "" || checkout == "" {
		return errors.New("-config and -checkout are required")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var cfg configuration
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return fmt.Errorf("YAML decoding: %w", err)
	}
	if strings.TrimSpace(cfg.Version) == "" {
		return errors.New("root field 'version' is required")
	}
	base, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return err
	}

	found := false
	for _, p := range cfg.Plugins {
		switch {
		case strings.TrimSpace(p.Module) == "":
			return errors.New("a plugin has no 'module'")
		case p.Module == pluginModule:
			// This checkout, in place of the version the file asks for.
			p.Import, p.Version, p.Path = pluginImport, "", checkout
			found = true
		case p.Path != "" && !filepath.IsAbs(p.Path):
			// golangci-lint resolves it from its working directory, which
			// is not the file's.
			p.Path = filepath.Join(base, p.Path)
		}
		if p.Import == "" {
			p.Import = p.Module
		}
		if (p.Path == "") == (p.Version == "") {
			return fmt.Errorf("plugin %s: give either 'version' or 'path'", p.Module)
		}
	}
	if !found {
		cfg.Plugins = append(cfg.Plugins, &plugin{Module: pluginModule, Import: pluginImport, Path: checkout})
	}
	cfg.Name, cfg.Destination = name, destination

	switch format {
	case "yaml":
		out, err := yaml.Marshal(&cfg)
		if err != nil {
			return err
		}
		_, err = os.Stdout.Write(out)
		return err
	case "build":
		fmt.Printf("version %s\n", cfg.Version)
		for _, p := range cfg.Plugins {
			fmt.Printf("import %s\n", p.Import)
		}
		for _, p := range cfg.Plugins {
			if p.Path != "" {
				fmt.Printf("replace %s=%s\n", p.Module, p.Path)
			} else {
				fmt.Printf("require %s@%s\n", p.Module, p.Version)
			}
		}
		return nil
	}
	return fmt.Errorf("-format must be yaml or build, not %q", format)
}
