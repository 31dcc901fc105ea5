"""What only the book uses: ``notebook`` (the chapters' glue), ``experiments`` (every trained
claim of a chapter, as a function a test runs over seeds), ``diagrams`` (every figure) and
``explorables`` (the interactive figures). matplotlib is imported here and nowhere else in the
package; nothing is imported until a chapter asks for it.
"""
