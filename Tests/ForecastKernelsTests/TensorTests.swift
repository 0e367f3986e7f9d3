import ForecastKernels
import Testing

@Suite("Tensor")
struct TensorTests {
  /// A `[3, 2, 2]` tensor whose elements count from 0.
  static let counting = Tensor(shape: [3, 2, 2], scalars: (0..<12).map(Float.init))

  @Test("gather takes whole rows of the outermost axis, in the order asked, repeats included")
  func gatherRows() {
    let gathered = Self.counting.gather(outer: [2, 0, 2])
    #expect(gathered.shape == [3, 2, 2])
    #expect(gathered.scalars == [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11])
    // A slice of an array, as fit's batches are.
    let order = [1, 2, 0]
    #expect(Self.counting.gather(outer: order[1..<2]) == Tensor(shape: [1, 2, 2], scalars: [8, 9, 10, 11]))
  }

  @Test("gather of no rows, and of rows with no elements, keeps the inner axes")
  func gatherEmpty() {
    #expect(Self.counting.gather(outer: [Int]()) == Tensor(shape: [0, 2, 2], scalars: []))
    let hollow = Tensor(shape: [2, 0], scalars: [])
    #expect(hollow.gather(outer: [1, 1, 0]) == Tensor(shape: [3, 0], scalars: []))
  }
}
