/**
 * The element derives each attribute's name from its property's (`mimeType` → `mime-type`, see
 * `createProperty` in src/media-recorder-button.ts), which the analyzer cannot see: name them so here.
 * Private reactive state (`{ state: true }`) has no attribute.
 */
const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export default {
  plugins: [
    {
      name: 'kebab-case-attributes',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            const internal = new Set((declaration.members ?? []).filter((member) => member.privacy === 'private').map((member) => member.name));
            declaration.attributes = declaration.attributes?.filter((attribute) => !internal.has(attribute.fieldName));
            for (const attribute of declaration.attributes ?? []) attribute.name = kebab(attribute.name);
            for (const member of declaration.members ?? []) {
              if (internal.has(member.name)) delete member.attribute;
              else if (member.attribute) member.attribute = kebab(member.attribute);
            }
          }
        }
      },
    },
    {
      // The modules in path order, whatever order the file system lists them in: every checkout writes the same manifest.
      name: 'modules-in-path-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
  ],
};
